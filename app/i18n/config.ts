export const supportedLocales = ['zh-CN', 'en'] as const
export type Locale = (typeof supportedLocales)[number]
export const defaultLocale: Locale = 'zh-CN'
export const namespaces = ['common', 'auth', 'errors', 'notifications', 'console', 'portal', 'parties', 'catalog', 'audit', 'mail', 'auction', 'inventory', 'sales', 'orders', 'channel', 'apikeys', 'replenishment'] as const
export type Namespace = (typeof namespaces)[number]

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (supportedLocales as readonly string[]).includes(value)
}
