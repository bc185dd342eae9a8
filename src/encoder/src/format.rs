//! Reader for the `model.bin` container: a magic + version header followed by named,
//! typed, shaped little-endian sections (layout documented in NOTES.md).

use super::ModelError;

const MAGIC: &[u8; 8] = b"CGUSEM3\0";
/// The only container version this crate understands.
pub const VERSION: u32 = 1;

/// Element type of a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DType {
    F32,
    I8,
    U8,
}

impl DType {
    fn size(self) -> usize {
        match self {
            DType::F32 => 4,
            DType::I8 | DType::U8 => 1,
        }
    }
}

/// One named section borrowed from the model bytes.
pub struct Section<'a> {
    pub name: &'a str,
    pub dtype: DType,
    pub shape: Vec<usize>,
    pub data: &'a [u8],
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| {
            ModelError::Truncated(format!("{what} at byte {} needs {n} more bytes", self.pos))
        })?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn u8(&mut self, what: &str) -> Result<u8, ModelError> {
        Ok(self.take(1, what)?[0])
    }

    fn u32(&mut self, what: &str) -> Result<u32, ModelError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// Splits the container into its sections, checking header, types and sizes.
pub fn parse(bytes: &[u8]) -> Result<Vec<Section<'_>>, ModelError> {
    let mut cur = Cursor { bytes, pos: 0 };
    if cur.take(8, "magic").ok() != Some(&MAGIC[..]) {
        return Err(ModelError::BadMagic);
    }
    let version = cur.u32("version")?;
    if version != VERSION {
        return Err(ModelError::UnsupportedVersion(version));
    }
    let count = cur.u32("section count")?;
    let mut out = Vec::new();
    for _ in 0..count {
        let name_len = usize::from(cur.u8("section name length")?);
        let name = std::str::from_utf8(cur.take(name_len, "section name")?)
            .map_err(|_| ModelError::Invalid("section name is not UTF-8".into()))?;
        let dtype = match cur.u8("dtype")? {
            0 => DType::F32,
            1 => DType::I8,
            2 => DType::U8,
            d => {
                return Err(ModelError::Invalid(format!(
                    "section {name}: unknown dtype {d}"
                )))
            }
        };
        let ndim = cur.u8("ndim")?;
        let mut shape = Vec::with_capacity(usize::from(ndim));
        for _ in 0..ndim {
            shape.push(cur.u32("dimension")? as usize);
        }
        let len = cur.u32("section length")? as usize;
        let elems = shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d));
        if elems.and_then(|e| e.checked_mul(dtype.size())) != Some(len) {
            return Err(ModelError::Invalid(format!(
                "section {name}: {len} bytes do not match shape {shape:?} of {dtype:?}"
            )));
        }
        let data = cur.take(len, name)?;
        out.push(Section {
            name,
            dtype,
            shape,
            data,
        });
    }
    Ok(out)
}

/// Named lookup over parsed sections with shape/type checks.
pub struct Sections<'a>(pub Vec<Section<'a>>);

impl<'a> Sections<'a> {
    pub fn get(&self, name: &str, dtype: DType) -> Result<&Section<'a>, ModelError> {
        let s = self.0.iter().find(|s| s.name == name);
        let s = s.ok_or_else(|| ModelError::Missing(name.to_string()))?;
        if s.dtype != dtype {
            return Err(ModelError::Invalid(format!(
                "section {name} is {:?}, expected {dtype:?}",
                s.dtype
            )));
        }
        Ok(s)
    }

    /// A section's shape must equal `shape`.
    pub fn shaped(&self, name: &str, dtype: DType, shape: &[usize]) -> Result<&[u8], ModelError> {
        let s = self.get(name, dtype)?;
        if s.shape != shape {
            return Err(ModelError::Invalid(format!(
                "section {name} has shape {:?}, expected {shape:?}",
                s.shape
            )));
        }
        Ok(s.data)
    }

    pub fn f32s(&self, name: &str, shape: &[usize]) -> Result<Vec<f32>, ModelError> {
        let d = self.shaped(name, DType::F32, shape)?;
        Ok(d.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    /// An int8 matrix `rows x cols` and its per-column scales (`<name>.scale`).
    pub fn i8_matrix(
        &self,
        name: &str,
        rows: usize,
        cols: usize,
    ) -> Result<(Vec<i8>, Vec<f32>), ModelError> {
        let q = self.shaped(name, DType::I8, &[rows, cols])?;
        let scale = self.f32s(&format!("{name}.scale"), &[cols])?;
        Ok((q.iter().map(|&v| v as i8).collect(), scale))
    }
}
