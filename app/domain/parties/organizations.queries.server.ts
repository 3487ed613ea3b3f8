export function localizedName(row: { nameEn: string; nameZh: string }, locale: string) {
  return locale === 'en' ? row.nameEn : row.nameZh
}
