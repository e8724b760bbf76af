package io.isthmus.api.resource;

import io.isthmus.routing.PrefixRange;
import java.util.List;
import java.util.Objects;

/**
 * The policy of one network's attachment to a peering router.
 *
 * @param exports the routes of the network announced to the router (empty: none filtered, all its blocks)
 * @param imports the routes of the router accepted into the network (empty: all)
 * @param rules the traffic that may pass (empty: all)
 * @param responsesOnly whether only return traffic of connections initiated from the attached network may enter
 * @param peers the other attachments of the router this one may exchange with (empty: all)
 * @param overlap how an overlap of the network's blocks with ranges visible on the router is handled
 * @param translations representatives chosen by the caller ({@link OverlapMode#TRANSLATE} only)
 */
public record AttachmentPolicy(List<PrefixRange> exports, List<PrefixRange> imports, List<TrafficRule> rules,
                               boolean responsesOnly, List<PeeringAttachmentId> peers, OverlapMode overlap,
                               List<Translation> translations) {
    /** Everything passes, overlaps are refused. */
    public static final AttachmentPolicy DEFAULTS = new AttachmentPolicy(List.of(), List.of(), List.of(), false,
        List.of(), OverlapMode.REFUSE, List.of());

    /** Copies the lists; rejects a null mode. */
    public AttachmentPolicy {
        exports = List.copyOf(exports);
        imports = List.copyOf(imports);
        rules = List.copyOf(rules);
        peers = List.copyOf(peers);
        Objects.requireNonNull(overlap, "overlap");
        translations = List.copyOf(translations);
    }
}
