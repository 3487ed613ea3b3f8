import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { homeOfSurface, surfaceOfActor } from '~/auth/roles'

export async function loader({ context }: LoaderFunctionArgs) {
  throw redirect(context.actor ? homeOfSurface[surfaceOfActor(context.actor)] : '/login')
}
