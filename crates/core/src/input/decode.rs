//! Bytes to text at the edge: UTF-8 (with or without BOM), UTF-16 (with BOM) and
//! Windows-1251, detected.
//!
//! The Windows-1251 table is 128 characters; keeping it here costs under a kilobyte of wasm
//! and lets the app, the CLI and the tests decode through one tested path.

use serde::{Deserialize, Serialize};

/// The text encoding a file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 with a byte order mark (what Excel writes for "CSV UTF-8").
    Utf8Bom,
    /// UTF-16, little endian, with a byte order mark.
    Utf16Le,
    /// UTF-16, big endian, with a byte order mark.
    Utf16Be,
    /// Windows-1251 (Cyrillic), what 1C and older Excel write.
    Windows1251,
}

impl Encoding {
    /// The name a person knows the encoding by.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
            Encoding::Windows1251 => "Windows-1251",
        }
    }
}

const CP1251_HIGH: [char; 128] = [
    '\u{0402}', '\u{0403}', '\u{201A}', '\u{0453}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{20AC}', '\u{2030}', '\u{0409}', '\u{2039}', '\u{040A}', '\u{040C}', '\u{040B}', '\u{040F}',
    '\u{0452}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{0098}', '\u{2122}', '\u{0459}', '\u{203A}', '\u{045A}', '\u{045C}', '\u{045B}', '\u{045F}',
    '\u{00A0}', '\u{040E}', '\u{045E}', '\u{0408}', '\u{00A4}', '\u{0490}', '\u{00A6}', '\u{00A7}',
    '\u{0401}', '\u{00A9}', '\u{0404}', '\u{00AB}', '\u{00AC}', '\u{00AD}', '\u{00AE}', '\u{0407}',
    '\u{00B0}', '\u{00B1}', '\u{0406}', '\u{0456}', '\u{0491}', '\u{00B5}', '\u{00B6}', '\u{00B7}',
    '\u{0451}', '\u{2116}', '\u{0454}', '\u{00BB}', '\u{0458}', '\u{0405}', '\u{0455}', '\u{0457}',
    '\u{0410}', '\u{0411}', '\u{0412}', '\u{0413}', '\u{0414}', '\u{0415}', '\u{0416}', '\u{0417}',
    '\u{0418}', '\u{0419}', '\u{041A}', '\u{041B}', '\u{041C}', '\u{041D}', '\u{041E}', '\u{041F}',
    '\u{0420}', '\u{0421}', '\u{0422}', '\u{0423}', '\u{0424}', '\u{0425}', '\u{0426}', '\u{0427}',
    '\u{0428}', '\u{0429}', '\u{042A}', '\u{042B}', '\u{042C}', '\u{042D}', '\u{042E}', '\u{042F}',
    '\u{0430}', '\u{0431}', '\u{0432}', '\u{0433}', '\u{0434}', '\u{0435}', '\u{0436}', '\u{0437}',
    '\u{0438}', '\u{0439}', '\u{043A}', '\u{043B}', '\u{043C}', '\u{043D}', '\u{043E}', '\u{043F}',
    '\u{0440}', '\u{0441}', '\u{0442}', '\u{0443}', '\u{0444}', '\u{0445}', '\u{0446}', '\u{0447}',
    '\u{0448}', '\u{0449}', '\u{044A}', '\u{044B}', '\u{044C}', '\u{044D}', '\u{044E}', '\u{044F}',
];

/// Decodes bytes as Windows-1251.
pub fn decode_windows_1251(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b < 0x80 {
                b as char
            } else {
                CP1251_HIGH[(b - 0x80) as usize]
            }
        })
        .collect()
}

fn decode_utf16(bytes: &[u8], little_endian: bool) -> String {
    let units = bytes.chunks_exact(2).map(|p| {
        if little_endian {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// UTF-16 without a byte order mark shows itself by zero bytes in every other place (the
/// high bytes of ASCII characters): little endian when they are at odd places.
pub(crate) fn sniff_utf16(bytes: &[u8]) -> Option<bool> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    // The high byte of most characters in Russian or English text is 0 (ASCII, Latin-1) or 4
    // (Cyrillic); plenty of zeros (digits, spaces, punctuation) confirm it.
    let looks_high = |bytes: &mut dyn Iterator<Item = u8>| {
        let (mut small, mut zero) = (0usize, 0usize);
        for b in bytes {
            small += usize::from(b <= 4);
            zero += usize::from(b == 0);
        }
        small * 100 >= pairs * 90 && zero * 100 >= pairs * 15
    };
    if looks_high(&mut head.chunks_exact(2).map(|p| p[1]))
        && !looks_high(&mut head.chunks_exact(2).map(|p| p[0]))
    {
        Some(true)
    } else if looks_high(&mut head.chunks_exact(2).map(|p| p[0]))
        && !looks_high(&mut head.chunks_exact(2).map(|p| p[1]))
    {
        Some(false)
    } else {
        None
    }
}

/// Detects the encoding of `bytes` and decodes them, with line ends made `\n` and NUL
/// characters dropped.
///
/// A byte order mark decides; without one, text with zero high bytes is UTF-16, valid UTF-8
/// is UTF-8, and anything else is read as Windows-1251, the encoding of Russian exports that
/// are not UTF-8.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    let (text, encoding) = decode_raw(bytes);
    (normalize(text), encoding)
}

/// [`decode`], taking the bytes: UTF-8 without a byte order mark becomes the text in place,
/// with no second copy of a large file.
pub fn decode_vec(bytes: Vec<u8>) -> (String, Encoding) {
    let plain_utf8 = !bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        && !bytes.starts_with(&[0xFF, 0xFE])
        && !bytes.starts_with(&[0xFE, 0xFF])
        && sniff_utf16(&bytes).is_none();
    if plain_utf8 {
        match String::from_utf8(bytes) {
            Ok(text) => return (normalize(text), Encoding::Utf8),
            Err(e) => return decode(e.as_bytes()),
        }
    }
    decode(&bytes)
}

/// `text` with its line ends made `\n` and NUL characters dropped, as [`decode`] leaves
/// text: borrowed when it has neither (text that came through `decode`).
pub(crate) fn with_line_ends(text: &str) -> std::borrow::Cow<'_, str> {
    if memchr::memchr2(b'\r', b'\0', text.as_bytes()).is_some() {
        std::borrow::Cow::Owned(normalize(text.to_owned()))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// `\r\n` and a lone `\r` become `\n`; NUL characters go (they end cells in some tools).
///
/// In place, in one pass: the text only shrinks, and only ASCII bytes change, so it stays
/// UTF-8.
pub(crate) fn normalize(text: String) -> String {
    let mut bytes = text.into_bytes();
    let (mut read, mut write) = (0, 0);
    while let Some(found) = memchr::memchr2(b'\r', b'\0', &bytes[read..]) {
        let at = read + found;
        bytes.copy_within(read..at, write);
        write += at - read;
        if bytes[at] == b'\r' {
            bytes[write] = b'\n';
            write += 1;
            // `\r\n` is one line end.
            read = if bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
        } else {
            read = at + 1;
        }
    }
    bytes.copy_within(read.., write);
    bytes.truncate(write + bytes.len() - read);
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn decode_raw(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return (
            String::from_utf8_lossy(rest).into_owned(),
            Encoding::Utf8Bom,
        );
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return (decode_utf16(rest, true), Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return (decode_utf16(rest, false), Encoding::Utf16Be);
    }
    if let Some(little_endian) = sniff_utf16(bytes) {
        let text = decode_utf16(bytes, little_endian);
        return (
            text,
            if little_endian {
                Encoding::Utf16Le
            } else {
                Encoding::Utf16Be
            },
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), Encoding::Utf8),
        Err(_) => (decode_windows_1251(bytes), Encoding::Windows1251),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn line_ends_are_normalized_as_by_replacing(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", "ё", "\r", "\n", "\r\n", "\0", "€", ";"]),
                0..40,
            ),
        ) {
            let text: String = parts.concat();
            let replaced = text.replace("\r\n", "\n").replace('\r', "\n").replace('\0', "");
            proptest::prop_assert_eq!(normalize(text), replaced);
        }
    }

    #[test]
    fn windows_1251_matches_the_whatwg_table() {
        let all: Vec<u8> = (0..=255u8).collect();
        let (expected, _, _) = encoding_rs::WINDOWS_1251.decode(&all);
        assert_eq!(decode_windows_1251(&all), expected);
    }

    #[test]
    fn detects_each_encoding() {
        let text = "Клиент;Сумма\nООО Ромашка;1 234,56\n";
        assert_eq!(decode(text.as_bytes()), (text.to_owned(), Encoding::Utf8));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom), (text.to_owned(), Encoding::Utf8Bom));
        let (cp, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        assert_eq!(decode(&cp), (text.to_owned(), Encoding::Windows1251));
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le), (text.to_owned(), Encoding::Utf16Le));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be), (text.to_owned(), Encoding::Utf16Be));
        // Without a byte order mark too.
        let bare: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode(&bare), (text.to_owned(), Encoding::Utf16Le));
    }

    #[test]
    fn line_ends_are_one_kind_and_nul_characters_go() {
        assert_eq!(
            decode(b"a;b\r\nc;d\re;f\ng;\0h\n").0,
            "a;b\nc;d\ne;f\ng;h\n"
        );
    }

    #[test]
    fn decoding_owned_bytes_gives_what_decoding_borrowed_ones_does() {
        let cases: [&[u8]; 6] = [
            "client;date\nА;1\n".as_bytes(),
            b"\xEF\xBB\xBFa;b\r\n1;2\r\n",
            b"\xCA\xEB\xE8\xE5\xED\xF2;1\n",
            b"\xFF\xFEa\0;\0b\0",
            b"a\r\nb\rc\0d",
            b"",
        ];
        for bytes in cases {
            assert_eq!(decode_vec(bytes.to_vec()), decode(bytes), "{bytes:?}");
        }
    }
}
