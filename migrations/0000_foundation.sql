CREATE TABLE "bodies" (
	"id" text PRIMARY KEY NOT NULL,
	"unit_code" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"symbol" text NOT NULL,
	"agency_id" text,
	"parent_body_id" text,
	"search" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_imports" (
	"source" text PRIMARY KEY NOT NULL,
	"checksum" text NOT NULL,
	"units" integer NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_mappings" (
	"id" serial PRIMARY KEY NOT NULL,
	"old_code" text NOT NULL,
	"old_name" text,
	"old_district_name" text,
	"old_province_name" text,
	"new_code" text NOT NULL,
	"effective_date" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"code" text PRIMARY KEY NOT NULL,
	"level" text NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"alpha_code" text,
	"parent_code" text,
	"search" text NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"successor_code" text
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"full_name" text NOT NULL,
	"position" text DEFAULT '' NOT NULL,
	"body_id" text NOT NULL,
	"role" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
ALTER TABLE "bodies" ADD CONSTRAINT "bodies_unit_code_units_code_fk" FOREIGN KEY ("unit_code") REFERENCES "public"."units"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bodies_unit_idx" ON "bodies" USING btree ("unit_code");--> statement-breakpoint
CREATE INDEX "bodies_kind_idx" ON "bodies" USING btree ("kind");--> statement-breakpoint
CREATE UNIQUE INDEX "unit_mappings_old_new" ON "unit_mappings" USING btree ("old_code","new_code");--> statement-breakpoint
CREATE INDEX "unit_mappings_new_idx" ON "unit_mappings" USING btree ("new_code");--> statement-breakpoint
CREATE INDEX "units_parent_idx" ON "units" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "units_level_idx" ON "units" USING btree ("level");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");