CREATE TABLE "demo_history" (
	"province" text PRIMARY KEY NOT NULL,
	"from_date" text NOT NULL,
	"to_date" text NOT NULL,
	"meetings" integer NOT NULL,
	"counts" jsonb NOT NULL,
	"seeded_at" timestamp with time zone DEFAULT now() NOT NULL
);
