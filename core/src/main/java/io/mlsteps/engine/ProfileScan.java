package io.mlsteps.engine;

import io.mlsteps.data.DatasetProfile;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;

import java.io.IOException;
import java.util.List;

/**
 * The data profile ({@link DatasetProfile}) as a partial scan: each part profiles its rows with the engine's own
 * column profiles and sketches, travels as the profile's JSON ({@link DatasetProfile#toJson}, the form
 * {@code profile.json} has), and the parts merge as a multi-threaded local scan's do.
 */
public final class ProfileScan implements PartialScan<DatasetProfile> {
    private static final long serialVersionUID = 1L;

    @Override
    public DatasetProfile newSink(List<String> columns) {
        return new DatasetProfile(columns);
    }

    @Override
    public DatasetProfile merge(DatasetProfile into, DatasetProfile other) {
        into.include(other);
        return into;
    }

    @Override
    public byte[] encode(DatasetProfile sink) {
        return Json.toString(sink.toJson()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public DatasetProfile decode(byte[] bytes) {
        try {
            return DatasetProfile.fromJson(Json.mapper().readTree(bytes), "a part's profile");
        } catch (IOException e) {
            throw new InputException("a part's profile", "unreadable: " + e.getMessage());
        }
    }
}
