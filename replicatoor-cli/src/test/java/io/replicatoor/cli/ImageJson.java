package io.replicatoor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The image file of {@code measure --image} and {@code upgrade propose --image}. */
final class ImageJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageJson() {}

  /** {@code {"mrtd":..,"rtmr0":..,"rtmr1":..,"rtmr2":..}} of the four registers (hex). */
  static String of(String mrtd, String rtmr0, String rtmr1, String rtmr2)
      throws JsonProcessingException {
    ObjectNode image = JSON.createObjectNode();
    image.put("mrtd", mrtd).put("rtmr0", rtmr0).put("rtmr1", rtmr1).put("rtmr2", rtmr2);
    return JSON.writeValueAsString(image);
  }
}
