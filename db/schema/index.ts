export * from './parties'
export * from './audit'
export * from './catalog'
export * from './files'
