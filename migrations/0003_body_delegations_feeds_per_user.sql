CREATE TABLE "body_delegations" (
	"delegate_body_id" text NOT NULL,
	"principal_body_id" text NOT NULL,
	"wording" text NOT NULL,
	"signer_of" text NOT NULL,
	CONSTRAINT "body_delegations_delegate_body_id_principal_body_id_pk" PRIMARY KEY("delegate_body_id","principal_body_id")
);
--> statement-breakpoint
ALTER TABLE "body_delegations" ADD CONSTRAINT "body_delegations_delegate_body_id_bodies_id_fk" FOREIGN KEY ("delegate_body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_delegations" ADD CONSTRAINT "body_delegations_principal_body_id_bodies_id_fk" FOREIGN KEY ("principal_body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "body_delegations_principal_idx" ON "body_delegations" USING btree ("principal_body_id");--> statement-breakpoint
-- Per-body feed tokens belong to no one account: they are dropped, and their URLs answer 404.
DELETE FROM "calendar_feeds";--> statement-breakpoint
ALTER TABLE "calendar_feeds" DROP CONSTRAINT "calendar_feeds_body_id_bodies_id_fk";
--> statement-breakpoint
ALTER TABLE "calendar_feeds" DROP CONSTRAINT "calendar_feeds_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "calendar_feeds" DROP COLUMN "body_id";--> statement-breakpoint
ALTER TABLE "calendar_feeds" DROP COLUMN "created_by";--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD COLUMN "user_id" uuid PRIMARY KEY NOT NULL;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
