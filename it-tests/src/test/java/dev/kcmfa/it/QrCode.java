package dev.kcmfa.it;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;

/** Reads a QR code as a phone's camera would, from the {@code src} of an {@code <img>}: a PNG data URI. */
final class QrCode {

    private QrCode() {
    }

    static String read(String imageDataUri) throws Exception {
        String base64 = imageDataUri.substring(imageDataUri.indexOf(',') + 1).trim();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
        // A generated QR code is a "pure" barcode: decoding it as such never misses (without the hint, about 1 in
        // 100 of Keycloak's 246 px codes is not found).
        Map<DecodeHintType, Object> hints = Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE,
                DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
        return new MultiFormatReader()
                .decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))), hints)
                .getText();
    }
}
