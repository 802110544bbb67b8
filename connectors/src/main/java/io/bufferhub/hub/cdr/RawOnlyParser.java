package io.bufferhub.hub.cdr;

/**
 * The parser of spec {@code none}: for channels whose format is unknown or not yet configured. Every line fails
 * with {@link #REASON}, so it is stored raw and can be parsed later once a parser is chosen.
 */
public final class RawOnlyParser implements CdrParser {

    /** The reason every line is given. */
    public static final String REASON = "no parser configured";

    /** Always {@code none}. */
    @Override
    public String name() {
        return "none";
    }

    /** Always fails with {@link #REASON}. */
    @Override
    public ParseResult parse(String line, ParseContext ctx) {
        return ParseResult.failed(REASON);
    }
}
