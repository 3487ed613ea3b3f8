ALTER TABLE "api_keys" ADD COLUMN "revoked_reason" text;--> statement-breakpoint
-- Every key revoked so far was revoked by hand on a key page.
UPDATE "api_keys" SET "revoked_reason" = 'manual' WHERE "revoked_at" IS NOT NULL;--> statement-breakpoint
-- Keys of makers deactivated before deactivation revoked them were only refused while the maker
-- stayed inactive, and would have worked again on reactivation: revoke them now, as deactivation
-- does from here on, in the name of whoever deactivated the maker (the maker, if no row says).
UPDATE "api_keys" k SET "revoked_at" = now(), "revoked_reason" = 'maker_deactivated',
  "revoked_by" = coalesce((SELECT a."actor_user_id" FROM "audit_log" a
                           WHERE a."entity_type" = 'user' AND a."action" = 'user.deactivated' AND a."entity_id" = k."created_by"::text AND a."actor_user_id" IS NOT NULL
                           ORDER BY a."id" DESC LIMIT 1), k."created_by")
WHERE k."revoked_at" IS NULL AND EXISTS (SELECT 1 FROM "users" u WHERE u."id" = k."created_by" AND u."status" = 'inactive');--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_revoked_reason" CHECK (("api_keys"."revoked_at" is null) = ("api_keys"."revoked_reason" is null) and "api_keys"."revoked_reason" in ('manual', 'maker_deactivated'));
