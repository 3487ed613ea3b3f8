import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AuthCard } from '~/ui/form'
import { signOut } from '~/auth/sign-out.server'
import { blankSessionCookie } from '~/auth/session.server'
import { toastCookie } from '~/ui/toast'

export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.actor) throw redirect('/login')
  return null
}

export async function action({ context }: ActionFunctionArgs) {
  await signOut(context)
  const headers = new Headers()
  headers.append('Set-Cookie', blankSessionCookie(context.secure))
  headers.append('Set-Cookie', toastCookie({ key: 'auth:signedOut', tone: 'success' }))
  return redirect('/login', { headers })
}

/** GET /logout asks for a click: signing out is a POST, so no other site can do it for you. */
export default function Logout() {
  const { t } = useTranslation()
  return (
    <AuthCard title={t('actions.signOut')}>
      <Form method="post">
        <button type="submit" className="btn-primary w-full">
          {t('actions.signOut')}
        </button>
      </Form>
    </AuthCard>
  )
}
