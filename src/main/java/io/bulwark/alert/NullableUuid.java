package io.bulwark.alert;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.UUID;

/**
 * A uuid column that may be NULL, passed through as it is. EclipseLink's own UUID conversion fails on a NULL
 * it reads (an alert that names no event, such as a database or partition alert), which made listing alerts
 * fail as soon as one existed.
 */
@Converter
public class NullableUuid implements AttributeConverter<UUID, UUID> {

    @Override
    public UUID convertToDatabaseColumn(UUID attribute) {
        return attribute;
    }

    @Override
    public UUID convertToEntityAttribute(UUID column) {
        return column;
    }
}
