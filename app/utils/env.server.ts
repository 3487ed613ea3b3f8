import { z } from 'zod'

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
  /** PostgreSQL as the role that owns the tables: runs the migrations and grants DATABASE_URL's role only what the app does (db/owner.ts). */
  DATABASE_OWNER_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Caixiao <no-reply@caixiao.local>'),
  /** The public origin when behind a proxy, e.g. https://scm.example.com; used for links in e-mail and the Origin check. */
  APP_ORIGIN: z.string().optional(),
  DATA_DIR: z.string().default('data'),
  /** embedded: demo data into an empty embedded database; always: into any empty database. Default: embedded outside production, never in it. */
  SEED_DEMO: z.enum(['embedded', 'always', 'never']).optional(),
  LOG_LEVEL: z.string().default('info'),
})

export type Env = z.infer<typeof EnvSchema>

export function env(): Env {
  return EnvSchema.parse(process.env)
}
