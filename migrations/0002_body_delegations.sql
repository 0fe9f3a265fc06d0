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
CREATE INDEX "body_delegations_principal_idx" ON "body_delegations" USING btree ("principal_body_id");