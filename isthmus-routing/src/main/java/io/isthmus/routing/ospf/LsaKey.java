package io.isthmus.routing.ospf;

/**
 * What names an LSA in a link-state database (RFC 2328 section 12.1): its type, Link State ID and advertising router;
 * also the entry of a Link State Request.
 */
public record LsaKey(int type, int linkStateId, int advertisingRouter) {
}
