CREATE TABLE "meeting_record_locks" (
	"record_id" uuid PRIMARY KEY NOT NULL,
	"holder_id" uuid NOT NULL,
	"holder_name" text NOT NULL,
	"acquired_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_record_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"record_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"note" text,
	"content" jsonb NOT NULL,
	"by_id" uuid,
	"by_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"content" jsonb NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"corrects_id" uuid,
	"superseded_by_id" uuid,
	"share_live" boolean DEFAULT false NOT NULL,
	"document_id" uuid,
	"number" text,
	"signatures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"logged_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "meeting_record_locks" ADD CONSTRAINT "meeting_record_locks_record_id_meeting_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."meeting_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_record_locks" ADD CONSTRAINT "meeting_record_locks_holder_id_users_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_record_versions" ADD CONSTRAINT "meeting_record_versions_record_id_meeting_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."meeting_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_record_versions" ADD CONSTRAINT "meeting_record_versions_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_records" ADD CONSTRAINT "meeting_records_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_records" ADD CONSTRAINT "meeting_records_corrects_id_meeting_records_id_fk" FOREIGN KEY ("corrects_id") REFERENCES "public"."meeting_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_records" ADD CONSTRAINT "meeting_records_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_records" ADD CONSTRAINT "meeting_records_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_records" ADD CONSTRAINT "meeting_records_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_record_versions_unique" ON "meeting_record_versions" USING btree ("record_id","version");--> statement-breakpoint
CREATE INDEX "meeting_records_meeting_idx" ON "meeting_records" USING btree ("meeting_id","kind","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_records_original_unique" ON "meeting_records" USING btree ("meeting_id","kind") WHERE corrects_id is null;--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_records_corrects_unique" ON "meeting_records" USING btree ("corrects_id");