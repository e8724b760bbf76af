package io.isthmus.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The attachment file's two forms and its rejections. */
class AttachmentTest {
    @Test
    void aSingleWordIsTheNodesNamespace() {
        assertThat(Attachment.parse("isxt-1234\n")).isEqualTo(new Attachment.Namespace("isxt-1234"));
        assertThat(Attachment.parse("# lab node\n\n  n1  \n")).isEqualTo(new Attachment.Namespace("n1"));
    }

    @Test
    void aNamespaceFollowedByDhcpIsLeftToTheNodesDhcpClient() {
        assertThat(Attachment.parse("isxt-1234 dhcp\n")).isEqualTo(new Attachment.Namespace("isxt-1234", true));
        assertThat(new Attachment.Namespace("n1").dhcp()).isFalse();
        assertThatThrownBy(() -> Attachment.parse("isxt-1234 static"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'isxt-1234 static'");
        assertThatThrownBy(() -> Attachment.parse("isxt-1234 dhcp now"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(Attachment.parse("interface dhcp")).as("an interface named dhcp, not a namespace")
            .isEqualTo(new Attachment.Interfaces(List.of(new Attachment.HostInterface("dhcp", null))));
    }

    @Test
    void interfaceLinesNameExistingInterfacesInOrder() {
        assertThat(Attachment.parse("interface vc1\n")).isEqualTo(
            new Attachment.Interfaces(List.of(new Attachment.HostInterface("vc1", null))));
        assertThat(Attachment.parse("# a VM with two NICs\ninterface vnet0 netns host-a\ninterface vnet1\n"))
            .isEqualTo(new Attachment.Interfaces(List.of(new Attachment.HostInterface("vnet0", "host-a"),
                new Attachment.HostInterface("vnet1", null))));
    }

    @Test
    void malformedContentIsRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> Attachment.parse("  \n# only a comment\n"))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("empty");
        assertThatThrownBy(() -> Attachment.parse("interface"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 'interface IFNAME'");
        assertThatThrownBy(() -> Attachment.parse("interface vc1 namespace h1"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'interface vc1 namespace h1'");
        assertThatThrownBy(() -> Attachment.parse("interface vc1 netns"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Attachment.parse("ns1\nns2"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ns1'");
        assertThatThrownBy(() -> Attachment.parse("n1\ninterface vc1"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Attachment.parse("interface a-name-much-too-long0"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an interface name");
        assertThatThrownBy(() -> Attachment.parse("interface ../x"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an interface name");
        assertThatThrownBy(() -> Attachment.parse("interface vc1 netns a/b"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a network namespace name");
        assertThatThrownBy(() -> Attachment.parse("a/b"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a network namespace name");
    }
}
