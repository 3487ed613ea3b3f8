import { data, type ActionFunctionArgs } from '@remix-run/node'
import { homeOfSurface, surfaceOfActor, type Actor } from './roles'
import { accountOf, changePassword, updateProfile } from './account.server'
import { ChangePasswordSchema, ProfileSchema } from './account.validation'
import { sessionCookie } from './session.server'
import { pageTitle } from '~/ui/page-title.server'
import { redirectWithToast } from '~/ui/toast.server'
import { notAFormResponse, parseFormData, readFormData } from '~/utils/form.server'

// The account page is the same on every surface; each surface's route supplies its own guard.

export async function accountLoader(actor: Actor) {
  return { title: await pageTitle(actor, 'common', 'account.title'), account: await accountOf(actor) }
}

export async function accountAction(args: ActionFunctionArgs, actor: Actor) {
  const formData = await readFormData(args.request)
  if (!formData) return notAFormResponse()
  const here = `${homeOfSurface[surfaceOfActor(actor)]}/account`
  if (formData.get('intent') === 'password') {
    const submission = parseFormData(formData, ChangePasswordSchema)
    if (submission.status !== 'success') return data({ form: 'password' as const, submission: submission.reply({ hideFields: ['current', 'password', 'confirm'] }) }, { status: 400 })
    const result = await changePassword(actor, submission.value, { ip: args.context.ip, userAgent: args.request.headers.get('user-agent') ?? undefined })
    if (!result.ok) {
      const reply =
        result.reason === 'throttled'
          ? submission.reply({ formErrors: ['auth:signIn.throttled'], hideFields: ['current', 'password', 'confirm'] })
          : submission.reply({ fieldErrors: { current: ['common:account.wrongPassword'] }, hideFields: ['current', 'password', 'confirm'] })
      return data({ form: 'password' as const, submission: reply }, { status: result.reason === 'throttled' ? 429 : 400 })
    }
    return redirectWithToast(here, 'common:account.passwordChanged', { headers: { 'Set-Cookie': sessionCookie(result.sessionToken, args.context.secure) } })
  }
  const submission = parseFormData(formData, ProfileSchema)
  if (submission.status !== 'success') return data({ form: 'profile' as const, submission: submission.reply() }, { status: 400 })
  await updateProfile(actor, submission.value, args.context.ip)
  return redirectWithToast(here, 'common:toast.saved')
}
