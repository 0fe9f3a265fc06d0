CREATE TABLE "live_owners" (
	"meeting_id" uuid PRIMARY KEY NOT NULL,
	"node_id" text NOT NULL,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hopso_nodes" (
	"id" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "live_owners" ADD CONSTRAINT "live_owners_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_owners" ADD CONSTRAINT "live_owners_node_id_hopso_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."hopso_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Written by hand: the socket.io PostgreSQL adapter's table for messages over NOTIFY's 8000-byte limit (it does not create it).
CREATE TABLE IF NOT EXISTS "socket_io_attachments" (
	"id" bigserial UNIQUE,
	"created_at" timestamp with time zone DEFAULT now(),
	"payload" bytea
);
