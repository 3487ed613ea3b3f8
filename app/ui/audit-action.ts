import { useTranslation } from 'react-i18next'

/** An audit action ("inventory.stock.counted") in the reader's language; one without a name yet as recorded. */
export function useAuditActionLabel() {
  const { t, i18n } = useTranslation('audit')
  return (action: string) => {
    const key = `actionNames.${action.replace(/\./g, '_')}`
    return i18n.exists(`audit:${key}`) ? t(key) : action
  }
}
