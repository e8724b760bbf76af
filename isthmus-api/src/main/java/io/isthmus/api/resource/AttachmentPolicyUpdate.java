package io.isthmus.api.resource;

import io.isthmus.routing.PrefixRange;
import java.util.List;

/**
 * A change to the policy of an existing {@link PeeringAttachment}: each non-null field replaces the policy's field
 * (a list replaces the whole list), a null one leaves it as it is. The overlap mode and the translations are fixed
 * when the network is attached; they are here only so that a caller sending them unchanged (a policy read back and
 * edited) is not refused, and so that validation can say why another value is.
 *
 * @param exports the new export filters, or null
 * @param imports the new import filters, or null
 * @param rules the new traffic rules, or null
 * @param responsesOnly the new responses-only flag, or null
 * @param peers the new list of attachments exchanged with, or null
 * @param overlap must be null or the current mode
 * @param translations must be null or the current representatives
 */
public record AttachmentPolicyUpdate(List<PrefixRange> exports, List<PrefixRange> imports, List<TrafficRule> rules,
                                     Boolean responsesOnly, List<PeeringAttachmentId> peers, OverlapMode overlap,
                                     List<Translation> translations) {
    /** {@code current} with the fields this update sets replaced (overlap and translations stay). */
    public AttachmentPolicy applyTo(AttachmentPolicy current) {
        return new AttachmentPolicy(exports == null ? current.exports() : exports,
            imports == null ? current.imports() : imports, rules == null ? current.rules() : rules,
            responsesOnly == null ? current.responsesOnly() : responsesOnly, peers == null ? current.peers() : peers,
            current.overlap(), current.translations());
    }
}
