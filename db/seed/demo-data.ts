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
