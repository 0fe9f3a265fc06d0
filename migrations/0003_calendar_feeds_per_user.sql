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
