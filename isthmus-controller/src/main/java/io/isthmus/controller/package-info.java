/** The controller: system manager, network routing manager and metering, behind the REST API and the stores. */
package io.isthmus.controller;
