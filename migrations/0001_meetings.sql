CREATE TABLE "agenda_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"presenter" text DEFAULT '' NOT NULL,
	"planned_minutes" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_invitees" (
	"meeting_id" uuid NOT NULL,
	"body_id" text NOT NULL,
	"unit_code" text NOT NULL,
	"body_name" text NOT NULL,
	"rsvp" text DEFAULT 'pending' NOT NULL,
	"decline_reason" text,
	"substitute_name" text,
	"substitute_position" text,
	"substitute_status" text,
	"responded_at" timestamp with time zone,
	CONSTRAINT "meeting_invitees_meeting_id_body_id_pk" PRIMARY KEY("meeting_id","body_id")
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"series_id" uuid,
	"convener_body_id" text NOT NULL,
	"unit_code" text NOT NULL,
	"kind" text NOT NULL,
	"form" text NOT NULL,
	"title" text NOT NULL,
	"chair_name" text NOT NULL,
	"chair_position" text DEFAULT '' NOT NULL,
	"chair_user_id" uuid,
	"secretary_user_id" uuid,
	"host_room" text DEFAULT '' NOT NULL,
	"preparation" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"status_reason" text,
	"urgent" boolean DEFAULT false NOT NULL,
	"urgent_reason" text,
	"invitee_spec" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_invitees" ADD CONSTRAINT "meeting_invitees_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_invitees" ADD CONSTRAINT "meeting_invitees_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_convener_body_id_bodies_id_fk" FOREIGN KEY ("convener_body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_chair_user_id_users_id_fk" FOREIGN KEY ("chair_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_secretary_user_id_users_id_fk" FOREIGN KEY ("secretary_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agenda_meeting_idx" ON "agenda_items" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "invitees_body_idx" ON "meeting_invitees" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "meetings_unit_idx" ON "meetings" USING btree ("unit_code","starts_at");--> statement-breakpoint
CREATE INDEX "meetings_convener_idx" ON "meetings" USING btree ("convener_body_id");--> statement-breakpoint
CREATE INDEX "meetings_series_idx" ON "meetings" USING btree ("series_id");