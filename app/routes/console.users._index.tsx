import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireStaff } from '~/auth/guards.server'
import { localizedName } from '~/domain/parties/organizations.queries.server'
import { listOwnPeople, peopleSortable } from '~/domain/parties/people.queries.server'
import { PeopleTable } from '~/ui/parties/people'
import { PageHeader } from '~/ui/shell'
import { parseListParams } from '~/utils/list-params'

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'users.manage')
  const params = parseListParams(new URL(args.request.url), { sortable: peopleSortable, defaultSort: 'name' })
  const { rows, total } = await listOwnPeople(actor, params)
  const { q, page, pageSize, sort, dir } = params
  return { rows, total, params: { q, page, pageSize, sort, dir }, orgName: localizedName(actor.org, actor.locale) }
}

export default function StaffUsers() {
  const { rows, total, params, orgName } = useLoaderData<typeof loader>()
  const { t } = useTranslation('parties')
  return (
    <div data-testid="staff-users">
      <PageHeader title={t('staff.title')}>{t('staff.intro', { org: orgName })}</PageHeader>
      <PeopleTable
        label={t('staff.title')}
        rows={rows}
        total={total}
        params={params}
        hrefOf={(id) => `/console/users/${id}`}
        searchLabel={t('staff.search')}
        toolbar={
          <Link to="/console/users/new" className="btn-primary" data-testid="invite-staff">
            {t('staff.invite')}
          </Link>
        }
      />
    </div>
  )
}
