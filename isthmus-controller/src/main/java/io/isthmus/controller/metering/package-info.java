/** Metering of peering: usage records from the agents' traffic reports and the routing manager, fees, invoices. */
package io.isthmus.controller.metering;
