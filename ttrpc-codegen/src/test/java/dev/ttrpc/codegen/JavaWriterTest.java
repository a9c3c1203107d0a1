package dev.ttrpc.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaWriterTest {

  @Test
  void escapesProtoCommentsForJavadoc() {
    assertThat(JavaWriter.escapeJavadoc("a <b> & c */ d @param \\u000a {@code x}"))
        .isEqualTo("a &lt;b&gt; &amp; c *&#47; d &#64;param &#92;u000a {&#64;code x}");
    assertThat(JavaWriter.escapeJavadoc("one\n\ntwo")).isEqualTo("one\n\n<p>two");
  }

  @Test
  void stringLiterals() {
    assertThat(JavaWriter.stringLiteral("a.b.C")).isEqualTo("\"a.b.C\"");
    assertThat(JavaWriter.stringLiteral("q\"\\\n\r\u00e9")).isEqualTo("\"q\\\"\\\\\\n\\015\\u00e9\"");
  }

  @Test
  void javadocParagraphsAndTags() {
    String text = new JavaWriter().open("class X {").javadoc("Summary.", "", "More\ntext.", "@param a x\n@return y")
        .close("}").toString();
    assertThat(text).isEqualTo("""
        class X {
          /**
           * Summary.
           *
           * <p>More
           * text.
           *
           * @param a x
           * @return y
           */
        }
        """);
    assertThat(new JavaWriter().javadoc("One line.").toString()).isEqualTo("/** One line. */\n");
  }
}
