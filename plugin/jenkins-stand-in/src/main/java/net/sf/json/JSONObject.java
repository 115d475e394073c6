package net.sf.json;

/**
 * json-lib's JSONObject as Jenkins forms hand it over: a raw {@link java.util.Map} of the submitted fields
 * (the real class implements {@code JSON, Map, Comparable}). Kept a working map, so code that reads and
 * removes fields can be unit-tested.
 */
@SuppressWarnings({"rawtypes", "serial"})
public final class JSONObject extends java.util.LinkedHashMap {
}
