-- DropIndex
DROP INDEX "Delivery_status_nextAttemptAt_idx";

-- DropIndex
DROP INDEX "Delivery_tenantId_createdAt_idx";

-- CreateIndex
CREATE INDEX "Delivery_due_idx" ON "Delivery"("nextAttemptAt") WHERE (status = 'PENDING');

-- Room on every page for the lease update to stay on the page (HOT: no index entries). Applies to
-- pages written from now on; existing rows keep their pages (VACUUM FULL would rewrite them).
ALTER TABLE "Delivery" SET (fillfactor = 40);
