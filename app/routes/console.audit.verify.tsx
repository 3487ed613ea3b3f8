import { data, type LoaderFunctionArgs } from '@remix-run/node'
import { requireStaff } from '~/auth/guards.server'
import { verifyChainFor } from '~/domain/audit/verify-chain.server'

/** Re-computes the audit log's hash chain on demand; the audit page asks once per visit. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireStaff(args, 'audit.view')
  return data(await verifyChainFor(actor), { headers: { 'Cache-Control': 'no-store' } })
}
