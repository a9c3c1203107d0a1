package dev.ttrpc.spring.autoconfigure;

import dev.ttrpc.transport.TtrpcAddress;
import org.springframework.core.convert.converter.Converter;

/**
 * Binds {@code unix:///path} and {@code unix://@abstract} strings to {@link TtrpcAddress}, so that a bad address
 * fails startup with the name of the property that holds it.
 */
public final class TtrpcAddressConverter implements Converter<String, TtrpcAddress> {
  @Override
  public TtrpcAddress convert(String source) {
    return TtrpcAddress.parse(source.trim());
  }
}
