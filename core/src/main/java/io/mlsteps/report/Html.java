package io.mlsteps.report;

/** Escaping for HTML text and attributes (and XML). */
public final class Html {
    /**
     * Paper cannot be clicked open: printed (or saved as PDF), a page shows what its collapsed {@code <details>}
     * hold, such as the raw metric list. {@code ::details-content} is the part a closed {@code <details>} hides
     * (Chromium 131+, Safari 18.4+, Firefox 143+); a style rule rather than a script, so that it also works where
     * a Content-Security-Policy forbids scripts, as Jenkins serves the reports.
     */
    public static final String PRINT_CSS = "@media print{details::details-content{content-visibility:visible;display:block}}";

    private Html() {
    }

    public static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        sb.append("\uFFFD");
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
