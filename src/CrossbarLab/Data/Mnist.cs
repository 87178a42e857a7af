namespace CrossbarLab.Data;

/// <summary>Loads the MNIST training and test sets from the four IDX files (plain or .gz) in one folder.</summary>
public static class Mnist
{
    /// <summary>The environment variable that overrides where the MNIST files are looked for.</summary>
    public const string DataEnvironmentVariable = "CROSSBARLAB_DATA";

    /// <summary>Loads the 60,000 training images.</summary>
    public static ImageSet LoadTrain(string folder) => Load(folder, "train-images-idx3-ubyte", "train-labels-idx1-ubyte");

    /// <summary>Loads the 10,000 test images.</summary>
    public static ImageSet LoadTest(string folder) => Load(folder, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /// <summary>Loads one image file and its label file and checks that they belong together.</summary>
    public static ImageSet Load(string folder, string imagesName, string labelsName)
    {
        string imagesPath = Locate(folder, imagesName), labelsPath = Locate(folder, labelsName);
        var images = IdxFile.Read(imagesPath);
        var labels = IdxFile.Read(labelsPath);
        if (images.Dimensions.Length != 3)
            throw new InvalidDataFileException(imagesPath, $"expected 3 dimensions (images × rows × columns) but found {images.Dimensions.Length}.");
        if (labels.Dimensions.Length != 1)
            throw new InvalidDataFileException(labelsPath, $"expected 1 dimension (labels) but found {labels.Dimensions.Length}.");
        if (images.Dimensions[0] != labels.Dimensions[0])
            throw new InvalidDataFileException(labelsPath, $"holds {labels.Dimensions[0]} labels but {imagesPath} holds {images.Dimensions[0]} images.");
        int bad = Array.FindIndex(labels.Data, l => l > 9);
        if (bad >= 0)
            throw new InvalidDataFileException(labelsPath, $"label {labels.Data[bad]} at index {bad} is not a digit 0–9.");
        return new ImageSet(images.Dimensions[0], images.Dimensions[1], images.Dimensions[2], images.Data, labels.Data);
    }

    /// <summary>Finds the MNIST folder: an explicit path, else $CROSSBARLAB_DATA, else <c>data/mnist</c> in the current folder or any parent of it or of the program.</summary>
    public static string FindFolder(string? explicitFolder = null)
    {
        if (!string.IsNullOrEmpty(explicitFolder)) return explicitFolder;
        string? fromEnv = Environment.GetEnvironmentVariable(DataEnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "data", "mnist");
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        throw new InvalidConfigurationException("data", null,
            "MNIST not found: run scripts/setup.sh (it fetches data/mnist), give the folder of the MNIST files, or set CROSSBARLAB_DATA.");
    }

    private static string Locate(string folder, string name)
    {
        string plain = Path.Combine(folder, name), gz = plain + ".gz";
        if (File.Exists(plain)) return plain;
        if (File.Exists(gz)) return gz;
        throw new InvalidDataFileException(plain, "file not found (neither it nor its .gz form exists); run scripts/setup.sh to fetch MNIST.");
    }
}
