// The demo organizations, people and master data of shared/spec/demo-data.md. Tests build on the same data.
export const DEMO_PASSWORD = 'demo-pass-2026'

export const hostOrg = { code: 'ACME', nameEn: 'Acme Manufacturing Co., Ltd.', nameZh: '艾克美制造有限公司', region: 'East China' }

export const staffUsers = [
  { email: 'admin@acme.test', name: '王敏 Wang Min', roles: ['admin'] },
  { email: 'buyer@acme.test', name: '李娜 Li Na', roles: ['buyer'] },
  { email: 'buyer.manager@acme.test', name: '张伟 Zhang Wei', roles: ['buyer_manager'] },
  { email: 'sales@acme.test', name: '刘洋 Liu Yang', roles: ['sales'] },
  { email: 'sales.manager@acme.test', name: '陈静 Chen Jing', roles: ['sales_manager'] },
  { email: 'warehouse@acme.test', name: '杨帆 Yang Fan', roles: ['warehouse'] },
  { email: 'finance@acme.test', name: '赵磊 Zhao Lei', roles: ['finance'] },
]

export const supplierOrgs = [
  { code: 'SUP-BRIGHT', nameEn: 'Shenzhen Bright Components', nameZh: '深圳明亮电子元件有限公司', region: 'South China',
    users: [{ email: 'alice@bright.test', name: 'Alice Chen 陈爱丽', admin: true }, { email: 'amy@bright.test', name: 'Amy Lin 林艾米', admin: false }] },
  { code: 'SUP-PRECISION', nameEn: 'Suzhou Precision Metals', nameZh: '苏州精密金属有限公司', region: 'East China',
    users: [{ email: 'bob@precision.test', name: 'Bob Xu 徐波', admin: true }, { email: 'ben@precision.test', name: 'Ben Zhou 周斌', admin: false }] },
  { code: 'SUP-NINGBO', nameEn: 'Ningbo Pack & Print', nameZh: '宁波包装印刷有限公司', region: 'East China',
    users: [{ email: 'carol@ningbo.test', name: 'Carol Wu 吴凯萝', admin: true }, { email: 'cathy@ningbo.test', name: 'Cathy Sun 孙凯西', admin: false }] },
]

export const dealerOrgs = [
  { code: 'DLR-NORTH', nameEn: 'Beijing North Trading', nameZh: '北京北方商贸有限公司', region: 'North China',
    users: [{ email: 'dave@north.test', name: 'Dave Zhao 赵大卫', admin: true }, { email: 'dora@north.test', name: 'Dora Qian 钱朵拉', admin: false }] },
  { code: 'DLR-EAST', nameEn: 'Shanghai East Distribution', nameZh: '上海东方分销有限公司', region: 'East China',
    users: [{ email: 'erin@east.test', name: 'Erin Wang 王艾琳', admin: true }, { email: 'eric@east.test', name: 'Eric Li 李埃里克', admin: false }] },
  { code: 'DLR-SOUTH', nameEn: 'Guangzhou South Supply', nameZh: '广州南方供应链有限公司', region: 'South China',
    users: [{ email: 'frank@south.test', name: 'Frank Huang 黄弗兰克', admin: true }, { email: 'fiona@south.test', name: 'Fiona He 何菲奥娜', admin: false }] },
]

export const categoriesData = [
  { code: 'ELEC', nameEn: 'Electronic components', nameZh: '电子元件' },
  { code: 'METAL', nameEn: 'Metal parts', nameZh: '金属零件' },
  { code: 'PACK', nameEn: 'Packaging', nameZh: '包装材料' },
  { code: 'ASSY', nameEn: 'Finished assemblies', nameZh: '成品组件' },
]

type P = [sku: string, nameEn: string, nameZh: string, category: string, unit: string, taxRate: string, tracking: 'none' | 'batch' | 'serial']
export const productsData: P[] = [
  ['EL-1001', 'Ceramic capacitor 100nF', '陶瓷电容 100nF', 'ELEC', 'pcs', '0.1300', 'batch'],
  ['EL-1002', 'Resistor 10kΩ 1%', '电阻 10kΩ 1%', 'ELEC', 'pcs', '0.1300', 'batch'],
  ['EL-1003', 'LED indicator, green', '绿色 LED 指示灯', 'ELEC', 'pcs', '0.1300', 'batch'],
  ['EL-1004', 'Microcontroller board', '微控制器主板', 'ELEC', 'pcs', '0.1300', 'serial'],
  ['EL-1005', 'Power supply 24V 5A', '开关电源 24V 5A', 'ELEC', 'pcs', '0.1300', 'serial'],
  ['MT-2001', 'Stainless steel bolt M8×30', '不锈钢螺栓 M8×30', 'METAL', 'pcs', '0.1300', 'none'],
  ['MT-2002', 'Aluminium bracket', '铝合金支架', 'METAL', 'pcs', '0.1300', 'batch'],
  ['MT-2003', 'Precision shaft Ø12', '精密轴 Ø12', 'METAL', 'pcs', '0.1300', 'batch'],
  ['MT-2004', 'Steel sheet 1.5mm', '冷轧钢板 1.5mm', 'METAL', 'kg', '0.1300', 'batch'],
  ['MT-2005', 'Copper busbar', '铜排', 'METAL', 'm', '0.1300', 'batch'],
  ['PK-3001', 'Corrugated carton 40×30×30', '瓦楞纸箱 40×30×30', 'PACK', 'pcs', '0.1300', 'none'],
  ['PK-3002', 'Anti-static bag', '防静电袋', 'PACK', 'pcs', '0.1300', 'none'],
  ['PK-3003', 'Printed user manual', '印刷说明书', 'PACK', 'pcs', '0.0900', 'none'],
  ['PK-3004', 'Foam insert', '泡沫内衬', 'PACK', 'pcs', '0.1300', 'none'],
  ['PK-3005', 'Pallet wrap film', '托盘缠绕膜', 'PACK', 'roll', '0.1300', 'none'],
  ['AS-4001', 'Controller unit CX-100', 'CX-100 控制器', 'ASSY', 'set', '0.1300', 'serial'],
  ['AS-4002', 'Sensor module SX-20', 'SX-20 传感器模块', 'ASSY', 'set', '0.1300', 'serial'],
  ['AS-4003', 'Drive unit DX-300', 'DX-300 驱动单元', 'ASSY', 'set', '0.1300', 'serial'],
  ['AS-4004', 'Cable harness kit', '线束套件', 'ASSY', 'set', '0.1300', 'batch'],
  ['AS-4005', 'Spare parts kit', '备件包', 'ASSY', 'set', '0.1300', 'none'],
]

export const warehousesData = [
  { code: 'SH-MAIN', nameEn: 'Shanghai main warehouse', nameZh: '上海总仓', address: '上海市浦东新区张江路 88 号', bins: ['A-01', 'A-02', 'B-01', 'B-02'] },
  { code: 'SZ-SOUTH', nameEn: 'Shenzhen south warehouse', nameZh: '深圳南仓', address: '深圳市宝安区福永大道 200 号', bins: ['S-01', 'S-02', 'S-03'] },
]

export const currenciesData = [
  { code: 'CNY', nameEn: 'Chinese yuan', nameZh: '人民币', decimals: 2 },
  { code: 'USD', nameEn: 'US dollar', nameZh: '美元', decimals: 2 },
  { code: 'EUR', nameEn: 'Euro', nameZh: '欧元', decimals: 2 },
]

/** List price per SKU (CNY, before tax); each tier's price list is a fixed share of it. */
export const basePrices: Record<string, string> = {
  'EL-1001': '0.35', 'EL-1002': '0.12', 'EL-1003': '0.80', 'EL-1004': '168.00', 'EL-1005': '245.00',
  'MT-2001': '1.60', 'MT-2002': '18.50', 'MT-2003': '42.00', 'MT-2004': '9.80', 'MT-2005': '76.00',
  'PK-3001': '4.20', 'PK-3002': '0.45', 'PK-3003': '2.10', 'PK-3004': '3.30', 'PK-3005': '38.00',
  'AS-4001': '1280.00', 'AS-4002': '560.00', 'AS-4003': '3650.00', 'AS-4004': '215.00', 'AS-4005': '420.00',
}

/** Opening stock per SKU and warehouse, received as ledger moves. AS-4003 is deliberately short: orders for it backorder. */
export function openingStock(sku: string, index: number): Record<string, number> {
  if (sku === 'AS-4003') return { 'SH-MAIN': 10, 'SZ-SOUTH': 0 }
  return { 'SH-MAIN': 200 + 40 * index, 'SZ-SOUTH': 60 + 15 * index }
}

/**
 * The opening stock of a product in one warehouse, by batch (an untracked one's has none): lots named by the month they came in and a
 * product letter (2607-C04 is capacitors of July 2026), a few per warehouse, the Shenzhen stock partly from the same lot
 * as Shanghai's newest. Their names sort as they came, which orders allocation (oldest first) among lots received in one
 * instant. The resistors keep two lots, the older one exactly what North's shipped order takes, so the console can trace a
 * batch to the dealer who got it.
 */
export function openingLots(sku: string, warehouse: string, quantity: number): Array<[batch: string | null, quantity: number]> {
  if (sku === 'EL-1002') return warehouse === 'SH-MAIN' ? [['R10K-2609-A', 100], ['R10K-2610-B', quantity - 100]] : [['R10K-2610-B', quantity]]
  const letter = lotLetters[sku]
  // An untracked product's stock has no batch.
  if (!letter) return [[null, quantity]]
  const third = Math.floor(quantity * 0.3)
  if (warehouse === 'SH-MAIN') return [[`2607-${letter}04`, third], [`2609-${letter}11`, third], [`2610-${letter}17`, quantity - 2 * third]]
  const part = Math.floor(quantity * 0.4)
  return [[`2608-${letter}07`, part], [`2610-${letter}17`, quantity - part]]
}

/** Each batch-tracked demo product's letter in its lot numbers. */
const lotLetters: Record<string, string> = { 'EL-1001': 'C', 'EL-1003': 'L', 'MT-2002': 'B', 'MT-2003': 'S', 'MT-2004': 'H', 'MT-2005': 'R', 'AS-4004': 'W' }

/** Each serial-tracked demo product's serial prefix (model and year built): MCU-24-000101 is a microcontroller board. */
const serialPrefixes: Record<string, string> = { 'EL-1004': 'MCU-24-', 'EL-1005': 'PSU-24-', 'AS-4001': 'CX100-25-', 'AS-4002': 'SX20-25-', 'AS-4003': 'DX300-25-' }

/** The opening stock of a serial-tracked product in one warehouse: one serial number per unit, each warehouse its own block. */
export function openingSerials(sku: string, warehouse: string, quantity: number): string[] {
  const prefix = serialPrefixes[sku]
  if (!prefix) throw new Error(`no demo serial numbers for ${sku}`)
  const first = warehouse === 'SH-MAIN' ? 101 : 200_101
  return Array.from({ length: quantity }, (_, i) => `${prefix}${String(first + i).padStart(6, '0')}`)
}

export const priceTiers = [
  { tier: 'A', code: 'PL-A-2026', nameEn: 'Tier A dealer prices 2026', nameZh: 'A 级经销商价格 2026', factor: '0.80' },
  { tier: 'B', code: 'PL-B-2026', nameEn: 'Tier B dealer prices 2026', nameZh: 'B 级经销商价格 2026', factor: '0.88' },
  { tier: 'C', code: 'PL-C-2026', nameEn: 'Tier C dealer prices 2026', nameZh: 'C 级经销商价格 2026', factor: '0.95' },
] as const
export const PRICE_LISTS_VALID_FROM = '2026-01-01'

/** Volume breaks (min quantity → share of the tier price) on the products bought by the hundred. */
export const volumeBreakCategories = ['ELEC', 'PACK'] as const
export const volumeBreaks = [
  { minQty: '100', factor: '0.95' },
  { minQty: '500', factor: '0.90' },
] as const

/** DLR-SOUTH's small limit makes an ordinary order go over it (and wait for a sales manager). */
export const dealerTermsData = [
  { org: 'DLR-NORTH', tier: 'A', creditLimit: '500000.00', paymentTermsDays: 30 },
  { org: 'DLR-EAST', tier: 'B', creditLimit: '200000.00', paymentTermsDays: 45 },
  { org: 'DLR-SOUTH', tier: 'C', creditLimit: '30000.00', paymentTermsDays: 60 },
] as const
export const DEALER_SALES_OWNER = 'sales@acme.test'
