package io.bufferhub.hub.cdr;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A format described by one Java regular expression over the whole line ({@link Matcher#matches()}), for PBXs no
 * built-in parser knows. Named groups pick the call fields: {@code callStart, duration, ring, caller, called,
 * dialled, extension, trunk, account, cost, direction, callId}, all optional but at least one present; values are
 * read as in {@link CallField#read}, callStart in the lenient ISO form or as epoch seconds
 * ({@link CallStartFormat#ISO}). Spec: {@code regex:<pattern>}, the pattern taken verbatim after the colon.
 *
 * <p>The pattern is checked when the parser is made: it must compile and name no unknown group, so a typo such as
 * {@code (?<caler>…)} fails at start. Matching reads the line through a {@link StepLimitedCharSequence}, so a
 * pattern that backtracks badly gives up on that line with a reason instead of hanging.
 */
public final class RegexCdrParser extends AbstractCdrParser {

    /** Characters the matcher may read per line: thousands of passes over a full line, milliseconds of work. */
    public static final long STEP_LIMIT = 2_000_000;

    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
    private static final CallStartFormat CALL_START = CallStartFormat.of(CallStartFormat.ISO);

    private final Pattern pattern;
    private final Set<CallField> groups;

    /**
     * @param regex the pattern, with named groups for the call fields
     * @throws IllegalArgumentException when it does not compile, names an unknown group or names none
     */
    public RegexCdrParser(String regex) {
        super("regex");
        try {
            this.pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regex: invalid pattern: " + e.getDescription() + " near index "
                    + e.getIndex() + " of " + regex, e);
        }
        this.groups = Collections.unmodifiableSet(groupsOf(regex));
    }

    /**
     * The call fields the pattern's named groups map. Names are found by their {@code (?<name>} text and each is
     * confirmed against the compiled pattern, so text that only looks like a group (escaped, in a character
     * class) is ignored.
     */
    private static Set<CallField> groupsOf(String regex) {
        Matcher probe = probe(regex);
        Set<CallField> fields = EnumSet.noneOf(CallField.class);
        Matcher m = NAMED_GROUP.matcher(regex);
        while (m.find()) {
            String name = m.group(1);
            if (!isGroup(probe, name)) {
                continue;
            }
            CallField field = CallField.byKey(name);
            if (field == null) {
                throw new IllegalArgumentException("regex: unknown group name '" + name + "'; the groups are "
                        + CallField.keys());
            }
            fields.add(field);
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("regex: the pattern names none of the groups " + CallField.keys());
        }
        return fields;
    }

    /** A matcher of the pattern with an empty alternative added, matched against "", to ask about group names. */
    private static Matcher probe(String regex) {
        try {
            Matcher probe = Pattern.compile("(?:" + regex + ")|").matcher("");
            return probe.matches() ? probe : null;
        } catch (PatternSyntaxException e) {
            return null; // e.g. an open \Q quote swallowed the addition: trust the text
        }
    }

    private static boolean isGroup(Matcher probe, String name) {
        if (probe == null) {
            return true;
        }
        try {
            probe.group(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    CallRecord parseLine(String line, ParseContext ctx) throws UnparseableLineException {
        Matcher m = pattern.matcher(new StepLimitedCharSequence(line, STEP_LIMIT));
        boolean matched;
        try {
            matched = m.matches();
        } catch (StepLimitedCharSequence.StepLimitExceeded e) {
            throw new UnparseableLineException("the regex gave up on this line after " + STEP_LIMIT
                    + " steps (too much backtracking)");
        } catch (StackOverflowError e) {
            throw new UnparseableLineException("the regex recursed too deeply on this line");
        }
        if (!matched) {
            throw new UnparseableLineException("line does not match the configured regex");
        }
        return CallField.read(new CallField.Source() {
            @Override
            public String value(CallField field) {
                return groups.contains(field) ? m.group(field.key) : null;
            }

            @Override
            public String label(CallField field) {
                return "group " + field.key;
            }
        }, CALL_START, ctx);
    }
}
