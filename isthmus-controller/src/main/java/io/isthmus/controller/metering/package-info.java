/**
 * Metering of peering (DESIGN.md, "Peering routers"): usage records per attachment and UTC hour from the agents'
 * traffic reports and the routing manager ({@link io.isthmus.controller.metering.UsageLedger}), attachment-hours
 * from the attachments' active intervals, the operator's fee schedule, and invoices per tenant and period
 * ({@link io.isthmus.controller.metering.MeteringService}). The network's tenant pays for its attachment.
 */
package io.isthmus.controller.metering;
