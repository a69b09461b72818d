// Appended to `runtime.rs` in the generated crate (the generator compiles
// `runtime.rs` for `lint` and `breaking`, without chrono).

/// A type read from a string its format fixes. chrono's parsers also take
/// text the format does not (`2024-01-01 10:00Z`, with a space): the text is
/// checked as the precise pass checks it before chrono reads it, so a typed
/// value proves its text had the format.
#[allow(dead_code)] // used only when a schema has a date or date-time
pub(crate) trait Text: Sized {
    fn read(s: &str) -> Option<Self>;
}

impl Text for chrono::DateTime<chrono::FixedOffset> {
    /// Built from the fields `is_date_time` has checked (chrono's own
    /// parser reads the text a second time, at several times the cost);
    /// a leap second is chrono's: second 59 and a second's more nanoseconds.
    fn read(s: &str) -> Option<Self> {
        use chrono::TimeZone;
        if !is_date_time(s) {
            return None;
        }
        let b = s.as_bytes();
        let num = |from: usize, to: usize| {
            b[from..to]
                .iter()
                .try_fold(0_u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
        };
        let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
        let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
        let mut at = 19;
        let mut nanos = 0_u32;
        if b.get(at) == Some(&b'.') {
            at += 1;
            let digits = b[at..].iter().take_while(|d| d.is_ascii_digit()).count();
            for (i, d) in b[at..at + digits].iter().enumerate().take(9) {
                nanos += u32::from(d - b'0') * 10_u32.pow(8 - i as u32);
            }
            at += digits;
        }
        let offset = match b.get(at)? {
            b'Z' | b'z' => 0,
            sign => {
                let minutes = (num(at + 1, at + 3)? * 60 + num(at + 4, at + 6)?) as i32;
                if *sign == b'-' {
                    -minutes
                } else {
                    minutes
                }
            }
        };
        let (second, nanos) = match second {
            60 => (59, nanos + 1_000_000_000),
            s => (s, nanos),
        };
        let date = chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
        let local = date.and_hms_nano_opt(hour, minute, second, nanos)?;
        chrono::FixedOffset::east_opt(offset * 60)?
            .from_local_datetime(&local)
            .single()
    }
}

impl Text for chrono::NaiveDate {
    fn read(s: &str) -> Option<Self> {
        is_date(s).then(|| s.parse().ok()).flatten()
    }
}

#[allow(dead_code)]
struct Strict<T>(T);

impl<'de, T: Text> serde::Deserialize<'de> for Strict<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit<T>(std::marker::PhantomData<T>);
        impl<T: Text> serde::de::Visitor<'_> for Visit<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string in the schema's format")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<T, E> {
                T::read(s).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(s), &self))
            }
        }
        deserializer
            .deserialize_str(Visit(std::marker::PhantomData))
            .map(Strict)
    }
}

/// A required field of a format (`#[serde(deserialize_with)]`).
#[allow(dead_code)] // used only when a schema has such a property
pub(crate) fn text<'de, T: Text, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    <Strict<T> as serde::Deserialize>::deserialize(deserializer).map(|s| s.0)
}

/// A required field of a format that may be `null`.
#[allow(dead_code)] // used only when a schema has such a property
pub(crate) fn nullable_text<'de, T: Text, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    <Option<Strict<T>> as serde::Deserialize>::deserialize(deserializer).map(|o| o.map(|s| s.0))
}

/// [`present`] for a field of a format.
#[allow(dead_code)] // used only when a schema has such a property
pub(crate) fn present_text<'de, T: Text, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    text(deserializer).map(Some)
}

/// [`double_option`] for a field of a format.
#[allow(dead_code)] // used only when a schema has such a property
pub(crate) mod double_option_text {
    #[allow(unused_imports)]
    pub(crate) use super::double_option::serialize;

    pub(crate) fn deserialize<'de, T: super::Text, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        super::nullable_text(deserializer).map(Some)
    }
}
