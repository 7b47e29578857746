namespace Pharos.Dns; /// <summary>Marker.</summary> public static class Placeholder { }
