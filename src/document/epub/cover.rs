//! The cover image: decoded from the archive entry to RGBA pixels and
//! scaled down for the side panel, with limits that refuse a decompression
//! bomb (a small file that claims to be a huge picture) before it is
//! allocated.

use std::io::Cursor;

use image::imageops::FilterType;
use image::{DynamicImage, ImageError, ImageReader, Limits};

use crate::document::Cover;

/// The largest cover file read from the archive, in bytes (16 MiB); a real
/// cover is a few hundred kilobytes.
pub const MAX_COVER_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The widest and tallest image decoded, in pixels.
pub const MAX_DECODED_SIDE: u32 = 10_000;

/// The most memory the decoder may allocate for one image (128 MiB): enough
/// for a 5,000 × 6,000 RGBA picture, far beyond any cover.
pub const MAX_DECODE_ALLOC_BYTES: u64 = 128 * 1024 * 1024;

/// The largest side a kept cover has, in pixels; larger covers are scaled
/// down (keeping their shape) so a book's cover costs at most about 1.4 MB.
pub const MAX_COVER_SIDE: u32 = 600;

/// Decodes a cover file (PNG, JPEG, GIF or WebP, told apart by its first
/// bytes rather than the declared type, which books get wrong) and scales
/// it to fit in [`MAX_COVER_SIDE`]. `None` for a file that is not such an
/// image, is damaged, or is over the limits.
pub(super) fn decode(bytes: &[u8], media_type: &str) -> Option<Cover> {
    let mut image = decode_within_limits(bytes).ok()?;
    if image.width() == 0 || image.height() == 0 {
        return None;
    }
    if image.width() > MAX_COVER_SIDE || image.height() > MAX_COVER_SIDE {
        // `resize` keeps the aspect ratio, fitting inside the box.
        image = image.resize(MAX_COVER_SIDE, MAX_COVER_SIDE, FilterType::Triangle);
    }
    let rgba = image.into_rgba8();
    Some(Cover {
        width: rgba.width(),
        height: rgba.height(),
        rgba: rgba.into_raw(),
        media_type: media_type.to_owned(),
    })
}

/// Decodes an image, refusing one whose size or allocation is over the
/// limits before its pixels are allocated.
fn decode_within_limits(bytes: &[u8]) -> Result<DynamicImage, ImageError> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC_BYTES);
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    reader.limits(limits);
    reader.decode()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbaImage::from_pixel(width, height, image::Rgba([200, 30, 40, 255]));
        let mut bytes = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .expect("encode png");
        bytes
    }

    /// (width, height) of the file and of the kept cover.
    #[test]
    fn large_covers_are_scaled_to_fit_keeping_their_shape() {
        let cases = [
            ((40, 60), (40, 60)),
            ((600, 600), (600, 600)),
            ((800, 1200), (400, 600)),
            ((1500, 300), (600, 120)),
        ];
        for ((width, height), expected) in cases {
            let cover = decode(&png(width, height), "image/png").expect("decodes");
            assert_eq!((cover.width, cover.height), expected, "{width}×{height}");
            assert_eq!(cover.rgba.len(), (expected.0 * expected.1 * 4) as usize);
            assert_eq!(cover.rgba[..4], [200, 30, 40, 255]);
        }
    }

    /// The CRC-32 a PNG chunk ends with.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A valid 1 × 1 PNG whose header (with a correct checksum) claims
    /// `width` × `height` pixels.
    fn png_claiming(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = png(1, 1);
        bytes[16..20].copy_from_slice(&width.to_be_bytes());
        bytes[20..24].copy_from_slice(&height.to_be_bytes());
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        bytes
    }

    #[test]
    fn bombs_are_refused_by_the_limits_before_allocating() {
        // Over the side limit; and within it but over the allocation limit
        // (9,000 × 9,000 RGBA is 324 MB).
        for (width, height) in [(20_000, 20_000), (10_001, 10), (9_000, 9_000)] {
            let error = decode_within_limits(&png_claiming(width, height))
                .expect_err("a bomb does not decode");
            assert!(
                matches!(error, ImageError::Limits(_)),
                "{width}×{height}: {error}"
            );
        }
        // A header of a size that fits reaches the pixel data, which is short.
        let error = decode_within_limits(&png_claiming(20, 20)).expect_err("truncated data");
        assert!(!matches!(error, ImageError::Limits(_)), "{error}");
    }

    #[test]
    fn bombs_and_garbage_give_no_cover() {
        assert!(decode(&png_claiming(20_000, 20_000), "image/png").is_none());
        assert!(decode(b"not an image at all", "image/png").is_none());
        assert!(decode(&png(40, 60)[..30], "image/png").is_none());
        assert!(decode(&[], "image/jpeg").is_none());
    }
}
