CREATE TABLE "unit_change_sets" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"effective_from" date NOT NULL,
	"summary" jsonb NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"type" text NOT NULL,
	"parent_code" text,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"change_set_id" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "unit_mappings" ADD COLUMN "old_level" text DEFAULT 'commune' NOT NULL;--> statement-breakpoint
ALTER TABLE "unit_versions" ADD CONSTRAINT "unit_versions_code_units_code_fk" FOREIGN KEY ("code") REFERENCES "public"."units"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "unit_versions_code_to" ON "unit_versions" USING btree ("code","valid_to");