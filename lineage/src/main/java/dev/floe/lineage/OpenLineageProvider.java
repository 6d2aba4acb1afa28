package dev.floe.lineage;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.events.FloeListener;
import dev.floe.catalog.events.FloeListenerProvider;
import dev.floe.catalog.exceptions.InvalidConfigException;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.OpenLineageConfig;
import io.openlineage.client.transports.TransportConfig;
import io.openlineage.client.transports.TransportFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns on OpenLineage events when the configuration names a transport ({@link
 * LineageProperties#TRANSPORT_TYPE}) or an {@code openlineage.yml} ({@link
 * LineageProperties#CONFIG_FILE}); registered with {@link java.util.ServiceLoader}, so adding
 * floe-lineage to the class path is all an application does.
 */
public final class OpenLineageProvider implements FloeListenerProvider {

  @Override
  public Optional<FloeListener> create(FloeConfig config) {
    TransportConfig transport = transportConfig(config);
    if (transport == null) {
      return Optional.empty();
    }
    return Optional.of(new OpenLineageListener(new TransportFactory(transport).build(), config));
  }

  /** The transport the configuration names, or null when it names none. */
  static TransportConfig transportConfig(FloeConfig config) {
    Map<String, Object> keys = new LinkedHashMap<>();
    config
        .properties()
        .forEach(
            (key, value) -> {
              if (key.startsWith(LineageProperties.TRANSPORT_PREFIX)) {
                nest(keys, key.substring(LineageProperties.TRANSPORT_PREFIX.length()), value);
              }
            });
    if (!keys.isEmpty()) {
      if (!keys.containsKey("type")) {
        throw new InvalidConfigException(
            "Invalid lineage settings: %s is required with the other %s* keys",
            LineageProperties.TRANSPORT_TYPE, LineageProperties.TRANSPORT_PREFIX);
      }
      try {
        return OpenLineageClientUtils.convertValue(keys, TransportConfig.class);
      } catch (RuntimeException e) {
        throw new InvalidConfigException(
            e, "Invalid lineage transport %s: %s", keys.get("type"), e.getMessage());
      }
    }
    String file = config.get(LineageProperties.CONFIG_FILE, "");
    if (file.isBlank()) {
      return null;
    }
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      OpenLineageConfig<?> loaded =
          OpenLineageClientUtils.loadOpenLineageConfigYaml(
              in, new TypeReference<OpenLineageConfig<?>>() {});
      if (loaded.getTransportConfig() == null) {
        throw new InvalidConfigException("Invalid %s: it names no transport", file);
      }
      return loaded.getTransportConfig();
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidConfigException invalid) {
        throw invalid;
      }
      throw new InvalidConfigException(
          e, "Cannot read %s %s: %s", LineageProperties.CONFIG_FILE, file, e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static void nest(Map<String, Object> into, String dotted, String value) {
    int dot = dotted.indexOf('.');
    if (dot < 0) {
      into.put(dotted, value);
      return;
    }
    Object child = into.computeIfAbsent(dotted.substring(0, dot), k -> new LinkedHashMap<>());
    nest((Map<String, Object>) child, dotted.substring(dot + 1), value);
  }
}
