CREATE TYPE "public"."auction_soft_close_trigger" AS ENUM('any_bid', 'new_best');--> statement-breakpoint
CREATE TYPE "public"."auction_status" AS ENUM('draft', 'scheduled', 'running', 'paused', 'closed', 'awarded', 'unsuccessful', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."auction_visibility" AS ENUM('rank', 'best', 'ladder');--> statement-breakpoint
CREATE TABLE "auction_bids" (
	"id" uuid PRIMARY KEY NOT NULL,
	"auction_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"placed_by" uuid NOT NULL,
	"amount" numeric(15, 2) NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"seq" integer NOT NULL,
	"surrogate" boolean DEFAULT false NOT NULL,
	"client_bid_id" text NOT NULL,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"voided_by" uuid,
	CONSTRAINT "auction_bids_client_bid_uq" UNIQUE("auction_id","org_id","client_bid_id"),
	CONSTRAINT "auction_bids_seq_uq" UNIQUE("auction_id","seq"),
	CONSTRAINT "auction_bids_amount_pos" CHECK ("auction_bids"."amount" > 0),
	CONSTRAINT "auction_bids_void_reason" CHECK (("auction_bids"."voided_at" is null) = ("auction_bids"."void_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "auction_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "auction_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"auction_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" jsonb NOT NULL,
	"payload" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "auction_events_seq_uq" UNIQUE("auction_id","seq"),
	CONSTRAINT "auction_events_seq_pos" CHECK ("auction_events"."seq" > 0)
);
--> statement-breakpoint
CREATE TABLE "auction_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"auction_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"product_id" uuid,
	"description" text NOT NULL,
	"quantity" numeric(15, 3) NOT NULL,
	"unit" text NOT NULL,
	CONSTRAINT "auction_lines_position_uq" UNIQUE("auction_id","position"),
	CONSTRAINT "auction_lines_quantity_pos" CHECK ("auction_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "auction_participants" (
	"auction_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"terms_accepted_at" timestamp with time zone,
	"terms_accepted_by" uuid,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "auction_participants_auction_id_org_id_pk" PRIMARY KEY("auction_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "auctions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"buyer_user_id" uuid NOT NULL,
	"status" "auction_status" DEFAULT 'draft' NOT NULL,
	"currency" text NOT NULL,
	"ceiling" numeric(15, 2) NOT NULL,
	"reserve" numeric(15, 2),
	"decrement_amount" numeric(15, 2),
	"decrement_percent" numeric(9, 4),
	"must_beat_best" boolean NOT NULL,
	"max_single_drop_percent" numeric(9, 4) NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"soft_close_window_seconds" integer NOT NULL,
	"soft_close_extension_seconds" integer NOT NULL,
	"soft_close_trigger" "auction_soft_close_trigger" NOT NULL,
	"soft_close_max_extensions" integer,
	"hard_stop_at" timestamp with time zone NOT NULL,
	"visibility" "auction_visibility" NOT NULL,
	"min_participants" integer NOT NULL,
	"current_ends_at" timestamp with time zone NOT NULL,
	"current_hard_stop_at" timestamp with time zone NOT NULL,
	"extensions" integer DEFAULT 0 NOT NULL,
	"paused_at" timestamp with time zone,
	"paused_total_ms" bigint DEFAULT 0 NOT NULL,
	"rejected_attempts" integer DEFAULT 0 NOT NULL,
	"last_seq" integer DEFAULT 0 NOT NULL,
	"last_hash" text DEFAULT '0000000000000000000000000000000000000000000000000000000000000000' NOT NULL,
	"awarded_org_id" uuid,
	"award_justification" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auctions_ceiling_pos" CHECK ("auctions"."ceiling" > 0),
	CONSTRAINT "auctions_decrement_set" CHECK ("auctions"."decrement_amount" is not null or "auctions"."decrement_percent" is not null),
	CONSTRAINT "auctions_times_ordered" CHECK ("auctions"."ends_at" > "auctions"."starts_at" and "auctions"."hard_stop_at" >= "auctions"."ends_at"),
	CONSTRAINT "auctions_current_end_le_hard_stop" CHECK ("auctions"."current_ends_at" <= "auctions"."current_hard_stop_at"),
	CONSTRAINT "auctions_counters_nonneg" CHECK ("auctions"."extensions" >= 0 and "auctions"."rejected_attempts" >= 0 and "auctions"."last_seq" >= 0 and "auctions"."paused_total_ms" >= 0)
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" text DEFAULT 'completed' NOT NULL,
	"response_status" integer,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_uq" UNIQUE("scope","key"),
	CONSTRAINT "idempotency_keys_status" CHECK ("idempotency_keys"."status" in ('in_flight', 'completed')),
	CONSTRAINT "idempotency_keys_key_len" CHECK (length("idempotency_keys"."key") between 1 and 200)
);
--> statement-breakpoint
ALTER TABLE "auction_bids" ADD CONSTRAINT "auction_bids_auction_id_auctions_id_fk" FOREIGN KEY ("auction_id") REFERENCES "public"."auctions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_bids" ADD CONSTRAINT "auction_bids_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_bids" ADD CONSTRAINT "auction_bids_placed_by_users_id_fk" FOREIGN KEY ("placed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_bids" ADD CONSTRAINT "auction_bids_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_events" ADD CONSTRAINT "auction_events_auction_id_auctions_id_fk" FOREIGN KEY ("auction_id") REFERENCES "public"."auctions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_lines" ADD CONSTRAINT "auction_lines_auction_id_auctions_id_fk" FOREIGN KEY ("auction_id") REFERENCES "public"."auctions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_lines" ADD CONSTRAINT "auction_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_participants" ADD CONSTRAINT "auction_participants_auction_id_auctions_id_fk" FOREIGN KEY ("auction_id") REFERENCES "public"."auctions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_participants" ADD CONSTRAINT "auction_participants_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_participants" ADD CONSTRAINT "auction_participants_terms_accepted_by_users_id_fk" FOREIGN KEY ("terms_accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auctions" ADD CONSTRAINT "auctions_buyer_user_id_users_id_fk" FOREIGN KEY ("buyer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auctions" ADD CONSTRAINT "auctions_awarded_org_id_organizations_id_fk" FOREIGN KEY ("awarded_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auction_bids_org_idx" ON "auction_bids" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "auction_participants_org_idx" ON "auction_participants" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "auctions_status_start_idx" ON "auctions" USING btree ("status","starts_at");--> statement-breakpoint
CREATE INDEX "auctions_status_end_idx" ON "auctions" USING btree ("status","current_ends_at");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");