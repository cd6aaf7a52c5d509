//! The e-book's cover at the top of the side panel: a small thumbnail,
//! centred, with the title and author under it.
//!
//! The pixels were decoded and scaled down by the loader on its thread; the
//! panel only uploads them as a texture, once per document, and keeps the
//! handle in egui's memory so that every later frame draws it for free.

use std::hash::{Hash, Hasher};

use egui::{IdSalt, Image, RichText, TextureHandle, TextureOptions, Ui};

use crate::document::{Cover, Document};
use crate::ui::cast::display_name;

/// The thumbnail's height in points.
pub const THUMBNAIL_HEIGHT: f32 = 140.0;

/// The id salt of the cached texture in egui's memory.
const COVER_TEXTURE_ID: &str = "cover texture";

/// How many pixels of the cover the document key samples.
const KEY_SAMPLES: usize = 64;

/// The uploaded texture and the document it was made for.
#[derive(Clone)]
struct CachedCover {
    key: u64,
    texture: TextureHandle,
}

/// The accessible label of a document's cover, e.g. "Cover of The Long Visit".
pub fn cover_label(title: &str) -> String {
    format!("Cover of {}", display_name(title))
}

/// Draws the document's cover with its title and author; nothing for a
/// document without one.
pub fn cover_ui(ui: &mut Ui, document: &Document) {
    let id = ui.make_persistent_id(IdSalt::new(COVER_TEXTURE_ID));
    let Some(cover) = document.cover.as_ref().filter(|c| is_whole(c)) else {
        // Let the last book's texture go with it.
        ui.data_mut(|d| d.remove::<CachedCover>(id));
        return;
    };
    let key = document_key(document, cover);
    let cached = ui
        .data(|d| d.get_temp::<CachedCover>(id))
        .filter(|c| c.key == key);
    let texture = match cached {
        Some(cached) => cached.texture,
        None => {
            let image = egui::ColorImage::from_rgba_unmultiplied(
                [cover.width as usize, cover.height as usize],
                &cover.rgba,
            );
            let texture = ui
                .ctx()
                .load_texture("e-book cover", image, TextureOptions::LINEAR);
            ui.data_mut(|d| {
                d.insert_temp(
                    id,
                    CachedCover {
                        key,
                        texture: texture.clone(),
                    },
                );
            });
            texture
        }
    };
    let size = thumbnail_size(cover, ui.available_width());
    ui.vertical_centered(|ui| {
        ui.add_space(4.0);
        ui.add(Image::new((texture.id(), size)).alt_text(cover_label(&document.title)));
        ui.add_space(4.0);
        ui.label(RichText::new(display_name(&document.title)).strong());
        if let Some(author) = &document.byline {
            ui.weak(display_name(author));
        }
    });
    ui.add_space(6.0);
}

/// Whether the pixels fill the stated size (the texture upload would
/// panic otherwise).
fn is_whole(cover: &Cover) -> bool {
    let pixels = u64::from(cover.width) * u64::from(cover.height);
    pixels > 0 && u64::try_from(cover.rgba.len()).ok() == pixels.checked_mul(4)
}

/// The thumbnail's size: [`THUMBNAIL_HEIGHT`] tall, or less so that it fits
/// in `max_width`, keeping the cover's shape.
pub fn thumbnail_size(cover: &Cover, max_width: f32) -> egui::Vec2 {
    let aspect = cover.width as f32 / cover.height.max(1) as f32;
    let height = THUMBNAIL_HEIGHT.min(max_width.max(1.0) / aspect);
    egui::vec2(height * aspect, height)
}

/// Tells one document's cover from another's without hashing every pixel
/// each frame: the file, the title, the size and an even sample of pixels.
fn document_key(document: &Document, cover: &Cover) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    document.path.hash(&mut hasher);
    document.title.hash(&mut hasher);
    (cover.width, cover.height, &cover.media_type).hash(&mut hasher);
    let pixels = cover.rgba.chunks_exact(4);
    let step = (pixels.len() / KEY_SAMPLES).max(1);
    for pixel in pixels.step_by(step) {
        pixel.hash(&mut hasher);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cover(width: u32, height: u32) -> Cover {
        Cover {
            width,
            height,
            rgba: vec![0; (width * height * 4) as usize],
            media_type: "image/png".to_owned(),
        }
    }

    /// (cover size, panel width, thumbnail size)
    #[test]
    fn thumbnails_keep_the_cover_shape_and_fit_the_panel() {
        let cases = [
            ((400, 600), 300.0, (93.333336, 140.0)),
            ((600, 600), 300.0, (140.0, 140.0)),
            ((600, 200), 300.0, (300.0, 100.0)),
            ((40, 60), 50.0, (50.0, 75.0)),
        ];
        for ((width, height), max_width, (w, h)) in cases {
            let size = thumbnail_size(&cover(width, height), max_width);
            assert!(
                (size.x - w).abs() < 0.01 && (size.y - h).abs() < 0.01,
                "{width}×{height} in {max_width}: {size:?}"
            );
        }
    }

    #[test]
    fn covers_whose_pixels_do_not_fill_their_size_are_not_drawn() {
        let mut short = cover(4, 4);
        short.rgba.pop();
        assert!(is_whole(&cover(4, 4)));
        assert!(!is_whole(&short));
        assert!(!is_whole(&cover(0, 4)));
    }
}
