package io.hearth.kernel.config;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/** A fixed set of properties at a chosen ordinal: the flags and the properties file. */
record MapConfigSource(String name, Map<String, String> values, int ordinal) implements ConfigSource {

    MapConfigSource {
        values = Map.copyOf(values);
    }

    @Override
    public Map<String, String> getProperties() {
        return values;
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public int getOrdinal() {
        return ordinal;
    }
}
