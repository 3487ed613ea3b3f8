// Every namespace of every locale, bundled: the app is small enough that loading on demand is not worth a round trip.
// The JSON import attribute lets Node's own loader (Playwright's cluster tests import server modules outside Vite) read these too.

import en_common from './locales/en/common.json' with { type: 'json' }
import en_auth from './locales/en/auth.json' with { type: 'json' }
import en_errors from './locales/en/errors.json' with { type: 'json' }
import en_notifications from './locales/en/notifications.json' with { type: 'json' }
import en_console from './locales/en/console.json' with { type: 'json' }
import en_portal from './locales/en/portal.json' with { type: 'json' }
import en_parties from './locales/en/parties.json' with { type: 'json' }
import en_catalog from './locales/en/catalog.json' with { type: 'json' }
import en_audit from './locales/en/audit.json' with { type: 'json' }
import en_mail from './locales/en/mail.json' with { type: 'json' }
import en_sales from './locales/en/sales.json' with { type: 'json' }
import en_inventory from './locales/en/inventory.json' with { type: 'json' }
import en_auction from './locales/en/auction.json' with { type: 'json' }
import en_orders from './locales/en/orders.json' with { type: 'json' }
import en_channel from './locales/en/channel.json' with { type: 'json' }
import en_apikeys from './locales/en/apikeys.json' with { type: 'json' }
import en_replenishment from './locales/en/replenishment.json' with { type: 'json' }
import zhCN_common from './locales/zh-CN/common.json' with { type: 'json' }
import zhCN_auth from './locales/zh-CN/auth.json' with { type: 'json' }
import zhCN_errors from './locales/zh-CN/errors.json' with { type: 'json' }
import zhCN_notifications from './locales/zh-CN/notifications.json' with { type: 'json' }
import zhCN_console from './locales/zh-CN/console.json' with { type: 'json' }
import zhCN_portal from './locales/zh-CN/portal.json' with { type: 'json' }
import zhCN_parties from './locales/zh-CN/parties.json' with { type: 'json' }
import zhCN_catalog from './locales/zh-CN/catalog.json' with { type: 'json' }
import zhCN_audit from './locales/zh-CN/audit.json' with { type: 'json' }
import zhCN_mail from './locales/zh-CN/mail.json' with { type: 'json' }
import zhCN_sales from './locales/zh-CN/sales.json' with { type: 'json' }
import zhCN_inventory from './locales/zh-CN/inventory.json' with { type: 'json' }
import zhCN_auction from './locales/zh-CN/auction.json' with { type: 'json' }
import zhCN_orders from './locales/zh-CN/orders.json' with { type: 'json' }
import zhCN_channel from './locales/zh-CN/channel.json' with { type: 'json' }
import zhCN_apikeys from './locales/zh-CN/apikeys.json' with { type: 'json' }
import zhCN_replenishment from './locales/zh-CN/replenishment.json' with { type: 'json' }

export const resources = {
  'en': {
    common: en_common,
    auth: en_auth,
    errors: en_errors,
    notifications: en_notifications,
    console: en_console,
    portal: en_portal,
    parties: en_parties,
    catalog: en_catalog,
    audit: en_audit,
    mail: en_mail,
    sales: en_sales,
    inventory: en_inventory,
    auction: en_auction,
    orders: en_orders,
    channel: en_channel,
    apikeys: en_apikeys,
    replenishment: en_replenishment,
  },
  'zh-CN': {
    common: zhCN_common,
    auth: zhCN_auth,
    errors: zhCN_errors,
    notifications: zhCN_notifications,
    console: zhCN_console,
    portal: zhCN_portal,
    parties: zhCN_parties,
    catalog: zhCN_catalog,
    audit: zhCN_audit,
    mail: zhCN_mail,
    sales: zhCN_sales,
    inventory: zhCN_inventory,
    auction: zhCN_auction,
    orders: zhCN_orders,
    channel: zhCN_channel,
    apikeys: zhCN_apikeys,
    replenishment: zhCN_replenishment,
  },
} as const
