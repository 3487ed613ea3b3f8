import { useTranslation } from 'react-i18next'

/**
 * Under the heading of a pricing page (dealer terms, price lists) for staff who may read but not
 * change it: a sales owner looking for the edit link learns whom to ask instead of meeting a 403.
 */
export function ManagersChange({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation('sales')
  if (canManage) return null
  return (
    <p className="mt-1" data-testid="managers-change">
      {t('managersChange')}
    </p>
  )
}
