ALTER TABLE "auctions" ADD COLUMN "award_proposed_org_id" uuid;--> statement-breakpoint
ALTER TABLE "auctions" ADD COLUMN "award_proposal_justification" text;--> statement-breakpoint
ALTER TABLE "auctions" ADD COLUMN "award_proposed_by" uuid;--> statement-breakpoint
ALTER TABLE "auctions" ADD COLUMN "award_proposed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "auctions" ADD CONSTRAINT "auctions_award_proposed_org_id_organizations_id_fk" FOREIGN KEY ("award_proposed_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auctions" ADD CONSTRAINT "auctions_award_proposed_by_users_id_fk" FOREIGN KEY ("award_proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auctions" ADD CONSTRAINT "auctions_award_proposal_whole" CHECK (("auctions"."award_proposed_org_id" is null) = ("auctions"."award_proposed_by" is null) and ("auctions"."award_proposed_org_id" is null) = ("auctions"."award_proposed_at" is null) and ("auctions"."award_proposed_org_id" is null) = ("auctions"."award_proposal_justification" is null));