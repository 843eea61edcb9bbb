package io.aigov.decision.safety;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code String.format} format may hold in rules, and how long its output can be: widths
 * and precisions are bounded, and conversions whose text does not follow from the value are out.
 */
final class FormatStrings {

    private static final Pattern SPECIFIER = Pattern.compile("%(\\d+\\$)?[-#+ 0,(<]*(\\d+)?(\\.(\\d+))?([tT])?([a-zA-Z%])");
    /** Conversions whose text is not fixed by the value: a hash code (an enum's is its identity) and the platform's line separator. */
    private static final Set<String> UNFIXED_CONVERSIONS = Set.of("h", "H", "n");
    static final int MAX_WIDTH = 99;

    private FormatStrings() {
    }

    /** Why rules may not use this format (as the compiler reads it, escapes resolved), if they may not. */
    static Optional<String> refusal(String format) {
        Matcher specifier = SPECIFIER.matcher(format);
        while (specifier.find()) {
            if (specifier.group(5) == null && UNFIXED_CONVERSIONS.contains(specifier.group(6))) {
                return Optional.of("the format conversion %" + specifier.group(6) + " is not allowed in rules: its text"
                        + " depends on the JVM (a hash code, the line separator), not on the value");
            }
            for (String number : new String[] { specifier.group(2), specifier.group(4) }) {
                if (number != null && (number.length() > 2 || Integer.parseInt(number) > MAX_WIDTH)) {
                    return Optional.of("format widths and precisions above " + MAX_WIDTH + " are not allowed");
                }
            }
        }
        return Optional.empty();
    }

    /** A format's literal text, plus for each conversion its width and the text of the argument it prints. */
    static TextSize size(String format, List<TextSize> arguments) {
        TextSize size = TextSize.of(format.length());
        Matcher specifier = SPECIFIER.matcher(format);
        int next = 0;
        int previous = -1;
        while (specifier.find()) {
            if (specifier.group(6).equals("%")) {
                continue;
            }
            int argument;
            if (specifier.group(1) != null) {
                argument = Integer.parseInt(specifier.group(1).substring(0, specifier.group(1).length() - 1)) - 1;
            } else if (specifier.group(0).contains("<")) {
                argument = previous;
            } else {
                argument = next++;
            }
            previous = argument;
            size = size.plus(TextSize.of(MAX_WIDTH));
            if (argument >= 0 && argument < arguments.size()) {
                size = size.plus(TextSize.text(arguments.get(argument).chars()));
            }
        }
        return TextSize.text(size.chars());
    }
}
