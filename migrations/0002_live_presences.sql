CREATE TABLE "live_presences" (
	"meeting_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"session_id" text NOT NULL,
	"site_id" text NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"away_since" timestamp with time zone,
	CONSTRAINT "live_presences_meeting_id_user_id_session_id_pk" PRIMARY KEY("meeting_id","user_id","session_id")
);
--> statement-breakpoint
ALTER TABLE "live_presences" ADD CONSTRAINT "live_presences_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_presences" ADD CONSTRAINT "live_presences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;