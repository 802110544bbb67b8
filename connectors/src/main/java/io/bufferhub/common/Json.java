package io.bufferhub.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One shared, strict JSON mapper: unknown fields in operator input are errors, not silently ignored. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a JSON object, turning malformed input into a 400 problem. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw Problem.badRequest("malformed-json", "request body: a JSON object is required");
        }
        try {
            Object value = MAPPER.readValue(body, Object.class);
            if (!(value instanceof Map)) {
                throw Problem.badRequest("malformed-json", "request body: must be a JSON object");
            }
            return (Map<String, Object>) value;
        } catch (JsonProcessingException e) {
            throw Problem.badRequest("malformed-json", "request body: not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
